package io.appnet.compiler.firewall;

import io.appnet.compiler.model.ModelException;

/**
 * How the controller changes a firewall's rules, the operator's choice in its registration: {@link #AUTO} uses an
 * atomic ONF bundle when the device answers a bundle probe on connect, else make before break;
 * {@link #MAKE_BEFORE_BREAK} never sends a bundle (nor the probe), for a device whose session must carry no
 * experimenter message or whose bundles are not trusted.
 */
public enum DeployMode {
    AUTO("auto"),
    MAKE_BEFORE_BREAK("make-before-break");

    private final String text;

    DeployMode(String text) {
        this.text = text;
    }

    /** As REST, the shell and the store write it. */
    public String text() {
        return text;
    }

    public static DeployMode parse(String text) {
        for (DeployMode mode : values()) {
            if (mode.text.equals(text)) {
                return mode;
            }
        }
        throw new ModelException("deploy: '" + text + "' must be auto or make-before-break");
    }
}
