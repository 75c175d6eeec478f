package io.appnet.controller.karaf;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.appnet.controller} (etc/io.appnet.controller.cfg). */
@ObjectClassDefinition(name = "appnet controller")
public @interface ControllerComponentConfig {
    @AttributeDefinition(description = "Address switches connect to (OpenFlow); 0.0.0.0 for every interface")
    String openflow_address() default "0.0.0.0";

    @AttributeDefinition(description = "TCP port of the OpenFlow listener")
    int openflow_port() default 6653;

    @AttributeDefinition(description = "Seconds of silence from a switch before an echo request is sent")
    int echo_interval_seconds() default 5;

    @AttributeDefinition(description = "Seconds of silence after which a switch is declared dead")
    int echo_timeout_seconds() default 15;

    @AttributeDefinition(description = "Address hosts' ovsdb-server connects to (set-manager); 0.0.0.0 for all")
    String ovsdb_address() default "0.0.0.0";

    @AttributeDefinition(description = "TCP port of the OVSDB manager")
    int ovsdb_port() default 6640;

    @AttributeDefinition(description = "Overlay network that host subnets are leased from")
    String overlay_cidr() default "10.255.0.0/16";

    @AttributeDefinition(description = "Prefix length of each host's subnet")
    int overlay_prefix_length() default 24;

    @AttributeDefinition(description = "Seconds after a start until every switch is reconciled even if hosts it"
            + " waits for (hosts without a stored topology, former gateways, its own) have not reported")
    int settle_timeout_seconds() default 10;

    @AttributeDefinition(description = "Seconds between audits of every switch for drift; 0 turns audits off")
    int audit_interval_seconds() default 30;

    @AttributeDefinition(description = "Directory of the embedded store; empty for ${karaf.data}/appnet")
    String store_directory() default "";

    @AttributeDefinition(description = "true: fsync every write before acknowledging it, so it survives a power loss;"
            + " false: acknowledge once the operating system has it (survives any crash of the controller)")
    String store_fsync() default "false";

    @AttributeDefinition(description = "Hours after which a host whose OVSDB session is gone loses its lease,"
            + " and an app with no instance and no policy its app ID; 0: never")
    int expiry_hours() default 168;

    @AttributeDefinition(description = "Hosts that may hold a lease; a new host past it is refused (logged)")
    int max_hosts() default 1024;

    @AttributeDefinition(description = "Instances a host may have; the ones past it are rejected"
            + " (logged, in its status)")
    int max_instances_per_host() default 1024;

    @AttributeDefinition(description = "Open connections per peer address on each southbound listener")
    int max_sessions_per_peer() default 8;

    @AttributeDefinition(description = "The controller's PKCS#8 PEM private key for TLS on OpenFlow and OVSDB;"
            + " relative to Karaf's etc/")
    String southbound_tls_key() default "appnet-tls/controller-privkey.pem";

    @AttributeDefinition(description = "The controller's PEM certificate, signed by the southbound CA;"
            + " relative to etc/")
    String southbound_tls_certificate() default "appnet-tls/controller-cert.pem";

    @AttributeDefinition(description = "PEM certificate of the CA that signs hosts' certificates (CN = host id);"
            + " relative to etc/")
    String southbound_tls_ca() default "appnet-tls/cacert.pem";

    @AttributeDefinition(description = "true: plain TCP on OpenFlow and OVSDB, every peer trusted"
            + " (WARN at every start)")
    String southbound_plaintext() default "false";

    @AttributeDefinition(description = "Public IPv4 addresses, CIDRs or ranges a-b the egress gateways SNAT to,"
            + " comma-separated; divided among the live gateways. Empty: no gateway carries NATed traffic")
    String nat_pool() default "";

    @AttributeDefinition(description = "shared: every app uses its gateway's pool addresses; per-app: every app with"
            + " an egress policy gets its own pool address (a pool too small refuses the policy)")
    String nat_mode() default "shared";
}
