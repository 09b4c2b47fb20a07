package io.inbetween.serve;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerTokenTest {
    @Test void withoutATokenEverythingPasses() {
        assertThat(new BearerToken(null).admits(null, null)).isTrue();
    }

    @Test void withATokenOnlyTheRightOnePasses() {
        BearerToken token = new BearerToken("s3cret");
        assertThat(token.admits("Bearer s3cret", null)).isTrue();
        assertThat(token.admits("bearer s3cret", null)).isTrue();
        assertThat(token.admits(null, "s3cret")).isTrue();
        assertThat(token.admits(null, null)).isFalse();
        assertThat(token.admits("Bearer s3cre", null)).isFalse();
        assertThat(token.admits("Bearer s3cretx", null)).isFalse();
        assertThat(token.admits("Basic czNjcmV0", null)).isFalse();
        assertThat(token.admits("Bearer wrong", "s3cret")).as("a wrong header is not rescued by the cookie").isFalse();
        assertThatThrownBy(() -> new BearerToken(" ")).hasMessageContaining("blank");
    }
}
