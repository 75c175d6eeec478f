package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Where Netty's native epoll cannot be used (another OS or CPU, or a library that fails to load), the same
 * distribution serves OpenFlow on Java NIO. Netty's own switch io.netty.transport.noNative=true makes
 * Epoll.isAvailable() false, as a failed native load does.
 */
class NioFallbackIT {

    @Test
    void withoutNativeEpollTheListenerRunsOnNioAndAnswersHello() throws Exception {
        try (KarafInstance karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "nio")) {
            karaf.start("-Dio.netty.transport.noNative=true");
            karaf.awaitOpenflowPort(DistributionBootIT.BOOT_TIMEOUT);

            assertThat(karaf.awaitLogLine("OpenFlow listener on", Duration.ofSeconds(5))).contains("(nio transport, TLS)");
            OpenflowProbe.Header reply = OpenflowProbe.helloReply(karaf.openflowPort(), karaf.pki());
            assertThat(reply.version()).isEqualTo(OpenflowProbe.OFP13);
            assertThat(reply.type()).isEqualTo(OpenflowProbe.OFPT_HELLO);
            assertThat(karaf.logLines()).filteredOn(l -> l.contains("| ERROR |")).isEmpty();
        }
    }
}
