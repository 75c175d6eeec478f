package io.appnet.controller.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void decodesEscapesAndKeepsTheFirstValue() {
        assertThat(QueryString.parse("id=app%2Dweb,api&source_id=a+b&id=second&flag"))
                .isEqualTo(Map.of("id", "app-web,api", "source_id", "a b", "flag", ""));
        assertThat(QueryString.parse(null)).isEmpty();
    }

    @Test
    void aMalformedEscapeIsAClientErrorNamingTheParameter() {
        assertThatThrownBy(() -> QueryString.parse("source=web&destination=10.0.0.%zz"))
                .isInstanceOf(QueryString.MalformedQueryException.class)
                .hasMessage("invalid query parameter 'destination': malformed % escape");
        assertThatThrownBy(() -> QueryString.parse("id=%"))
                .hasMessage("invalid query parameter 'id': malformed % escape");
    }
}
