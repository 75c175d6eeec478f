package io.appnet.controller.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {
    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    private static final VerifiedTokens.Verified ADMIN = new VerifiedTokens.Verified(
            new Principal("sub", "admin", Set.of(Principal.ADMIN)), NOW.plusSeconds(3600), Optional.empty());

    @Test
    void holdsAtMostItsCapacityDroppingTheLeastRecentlyUsed() {
        VerifiedTokens tokens = new VerifiedTokens(3);
        tokens.remember("a", ADMIN);
        tokens.remember("b", ADMIN);
        tokens.remember("c", ADMIN);
        assertThat(tokens.lookUp("a", NOW)).contains(ADMIN);

        tokens.remember("d", ADMIN);
        assertThat(tokens.size()).isEqualTo(3);
        assertThat(tokens.lookUp("b", NOW)).isEmpty();
        assertThat(tokens.lookUp("a", NOW)).contains(ADMIN);
        assertThat(tokens.lookUp("d", NOW)).contains(ADMIN);
    }

    @Test
    void forgetsATokenOnceItsExpiryPassed() {
        VerifiedTokens tokens = new VerifiedTokens(3);
        tokens.remember("a", ADMIN);
        assertThat(tokens.lookUp("a", ADMIN.expires().minusMillis(1))).contains(ADMIN);
        assertThat(tokens.lookUp("a", ADMIN.expires())).isEmpty();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void doesNotKeepTokensLongerThanTheLimit() {
        VerifiedTokens tokens = new VerifiedTokens(3);
        tokens.remember("x".repeat(VerifiedTokens.MAX_TOKEN_CHARS + 1), ADMIN);
        tokens.remember("y".repeat(VerifiedTokens.MAX_TOKEN_CHARS), ADMIN);
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.lookUp("y".repeat(VerifiedTokens.MAX_TOKEN_CHARS), NOW)).contains(ADMIN);
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThatThrownBy(() -> new VerifiedTokens(0)).hasMessageContaining("at least 1");
    }
}
