package io.appnet.controller.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verifier remembers tokens whose signature verified, and still refuses them outside their validity. */
class JwtTokenVerifierTest {
    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    private final Tokens uaa = new Tokens();
    private final SettableClock clock = new SettableClock(NOW);
    private final JwtTokenVerifier verifier = new JwtTokenVerifier(List.of(uaa.publicKey()), clock);

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        String token = uaa.token("admin", List.of(Principal.ADMIN), NOW.plusSeconds(60));
        assertThat(verifier.verify(token).userName()).isEqualTo("admin");
        clock.set(NOW.plusSeconds(59));
        assertThat(verifier.verify(token).isAdmin()).isTrue();

        clock.set(NOW.plusSeconds(60));
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
        clock.set(NOW.plusSeconds(3600));
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void notBeforeIsCheckedAtEveryUseOfARememberedToken() {
        String token = uaa.token("admin", NOW.plusSeconds(30), NOW.plusSeconds(3600));
        assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("not valid before");
        clock.set(NOW.plusSeconds(31));
        assertThat(verifier.verify(token).isAdmin()).isTrue();

        clock.set(NOW); // the clock stepped back
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("not valid before");
    }

    @Test
    void aRememberedTokenChangedInAnyPartIsVerifiedAnewAndRefused() {
        String token = uaa.token("dev", List.of(Principal.WRITE), NOW.plusSeconds(3600));
        assertThat(verifier.verify(token).isAdmin()).isFalse();
        String[] parts = token.split("\\.");
        String admin = uaa.token("dev", List.of(Principal.ADMIN), NOW.plusSeconds(3600)).split("\\.")[1];

        String otherClaims = parts[0] + "." + admin + "." + parts[2];
        String otherSignature = parts[0] + "." + parts[1] + "." + flipLast(parts[2]);
        for (String changed : List.of(otherClaims, otherSignature)) {
            assertThatThrownBy(() -> verifier.verify(changed)).isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining("signature");
        }
    }

    @Test
    void aVerifierWithOtherKeysRefusesATokenAnotherVerifierRemembers() {
        String token = uaa.token("admin", List.of(Principal.ADMIN), NOW.plusSeconds(3600));
        verifier.verify(token);
        JwtTokenVerifier rotated = new JwtTokenVerifier(List.of(new Tokens().publicKey()), clock);
        assertThatThrownBy(() -> rotated.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("signature");
    }

    private static String flipLast(String base64) {
        char last = base64.charAt(base64.length() - 2);
        return base64.substring(0, base64.length() - 2) + (last == 'A' ? 'B' : 'A') + base64.charAt(base64.length() - 1);
    }

    /** A clock a test moves, as NTP or time passing would. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
