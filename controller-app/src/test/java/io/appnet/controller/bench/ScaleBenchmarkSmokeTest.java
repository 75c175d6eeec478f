package io.appnet.controller.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.controller.security.Limits;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The scale benchmark still runs, small: its simulated hosts all connect from 127.0.0.1, so a fleet larger than
 * the per-address session cap is what broke it once (the cap refused every host past the eighth and the run hung).
 */
class ScaleBenchmarkSmokeTest {

    @Test
    void aFleetLargerThanTheSessionCapOfOneAddressJoinsAndTakesItsChanges() throws Exception {
        int hosts = Limits.defaults().maxSessionsPerPeer() + 4;
        ScaleBenchmark benchmark = new ScaleBenchmark(200, 20, new PrintStream(OutputStream.nullOutputStream()));

        ScaleBenchmark.Result result = benchmark.run(hosts, Duration.ofSeconds(60));

        assertThat(result.hosts()).isEqualTo(hosts);
        assertThat(result.flows()).as("flows on all simulated switches with the batch loaded").isPositive();
        assertThat(result.p50()).as("a single change reached its switches").isPositive();
    }
}
