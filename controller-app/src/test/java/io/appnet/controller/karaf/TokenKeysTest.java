package io.appnet.controller.karaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenKeysTest {

    @TempDir
    Path directory;

    @Test
    void theSigningKeyIsMadeOwnerOnlyAndTheSameKeyIsReadBack() throws Exception {
        Path key = directory.resolve("appnet/token-signing-key.pem");

        assertThat(TokenKeys.signingKey(key)).isEqualTo(TokenKeys.signingKey(key));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void aSigningKeyOthersMayReadIsRefusedAndLeftAlone() throws Exception {
        Path key = directory.resolve("token-signing-key.pem");
        TokenKeys.signingKey(key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> TokenKeys.signingKey(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token signing key " + key + " is open to other users (rw-r--r--); anyone who reads it"
                        + " can mint tokens: chmod 600 " + key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-r--r--");
    }
}
