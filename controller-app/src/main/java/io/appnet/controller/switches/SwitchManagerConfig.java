package io.appnet.controller.switches;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.appnet.openflow} (etc/io.appnet.openflow.cfg). */
@ObjectClassDefinition(name = "appnet OpenFlow listener")
public @interface SwitchManagerConfig {
    @AttributeDefinition(description = "Address switches connect to; 0.0.0.0 for every interface")
    String listen_address() default "0.0.0.0";

    @AttributeDefinition(description = "TCP port of the OpenFlow listener")
    int listen_port() default 6653;

    @AttributeDefinition(description = "Seconds of silence from a switch before an echo request is sent")
    int echo_interval_seconds() default 5;

    @AttributeDefinition(description = "Seconds of silence after which a switch is declared dead")
    int echo_timeout_seconds() default 15;
}
