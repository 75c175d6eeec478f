package io.appnet.ovs.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A southbound PKI in a directory, made by {@code scripts/pki.sh} (the same script the demo and operators use;
 * the build copies it next to this class): a CA, the controller's key and certificate, and per-host credentials
 * whose certificate's CN is the host id. Needs openssl, not root.
 */
public final class LabPki {
    private static final String SCRIPT = "pki.sh";

    private final Path dir;

    /** A key, its certificate and the CA certificate to trust (PEM files): what {@code ovs-vsctl set-ssl} takes. */
    public record Credentials(Path privateKey, Path certificate, Path caCertificate) { }

    private LabPki(Path dir) {
        this.dir = dir;
    }

    /** A CA and the controller's credentials in {@code dir} (kept if already there). */
    public static LabPki create(Path dir) {
        try {
            Files.createDirectories(dir);
            try (InputStream script = LabPki.class.getResourceAsStream(SCRIPT)) {
                if (script == null) {
                    throw new IllegalStateException(SCRIPT + " is not on the classpath next to " + LabPki.class.getName());
                }
                Files.write(dir.resolve(SCRIPT), script.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LabPki pki = new LabPki(dir);
        pki.run("ca");
        pki.run("controller");
        return pki;
    }

    public Path caCertificate() {
        return dir.resolve("cacert.pem");
    }

    public Credentials controller() {
        return credentials("controller");
    }

    /** Credentials whose certificate the CA signed for {@code hostId}. */
    public Credentials host(String hostId) {
        run("host", hostId);
        return credentials(hostId);
    }

    /** Credentials whose certificate names {@code name} but is signed by itself, not by the CA. */
    public Credentials selfSigned(String name) {
        run("self-signed", name);
        return credentials(name + "-selfsigned");
    }

    private Credentials credentials(String name) {
        return new Credentials(dir.resolve(name + "-privkey.pem"), dir.resolve(name + "-cert.pem"), caCertificate());
    }

    private void run(String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", dir.resolve(SCRIPT).toString(), "--dir",
                dir.toString()));
        command.addAll(List.of(arguments));
        Commands.check(command);
    }
}
