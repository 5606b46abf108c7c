package dev.ses.core.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecipientAddressesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ann@example.test|ann@example.test",
        "Ann@Example.TEST|Ann@example.test",
        "'  ann@example.test  '|ann@example.test",
        "first.last+tag@sub.example.test|first.last+tag@sub.example.test",
        "ann@Bücher.example|ann@xn--bcher-kva.example",
    })
    void acceptsAndNormalises(String raw, String normal) {
        assertThat(RecipientAddresses.normalise(raw)).contains(normal);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "ann", "ann@", "@example.test", "ann@example", "ann@-example.test", "ann@[127.0.0.1]",
        "Ann <ann@example.test>", "<ann@example.test>", "ann(comment)@example.test", "ann @example.test",
        "ann@example.test, bob@example.test", "ann..b@example.test", "ann@example.test\nBcc: x@example.test",
        "\"quoted\"@example.test", "用户@例子.广告",
    })
    void refuses(String raw) {
        assertThat(RecipientAddresses.normalise(raw)).isEmpty();
    }
}
