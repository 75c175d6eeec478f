package io.appnet.controller.karaf;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.appnet.rest} (etc/io.appnet.rest.cfg). */
@ObjectClassDefinition(name = "appnet REST API")
public @interface RestComponentConfig {
    @AttributeDefinition(description = "PEM files of RSA public keys whose RS256 tokens are accepted (e.g. UAA's),"
            + " comma-separated; empty: the controller's own signing key only")
    String token_keys() default "";

    @AttributeDefinition(description = "The controller's own token-signing key (PKCS#8 PEM), generated on first"
            + " start with owner-only permissions; empty for ${karaf.data}/appnet/token-signing-key.pem")
    String signing_key() default "";

    @AttributeDefinition(description = "Policies a non-admin (network.write) may have per source app")
    int quota() default 150;
}
