package dev.ses.core.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecipientAddressesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ann@example.test|ann@example.test",
        "Ann@Example.TEST|Ann@example.test",
        "'  ann@example.test  '|ann@example.test",
        "'\u00A0ann@example.test\u200B'|ann@example.test",
        "'\tann@example.test\u202F'|ann@example.test",
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
        "\"quoted\"@example.test", "用户@例子.广告", "ann\u00A0@example.test",
    })
    void refuses(String raw) {
        assertThat(RecipientAddresses.normalise(raw)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ann@p\u0430ypal.example|p\u0430ypal|Cyrillic, Latin",
        "ann@xn--pypal-4ve.example|p\u0430ypal|Cyrillic, Latin",
        "ann@shop.\u03b1pple.example|\u03b1pple|Greek, Latin",
    })
    void findsALabelThatMixesScripts(String raw, String label, String scripts) {
        String normal = RecipientAddresses.normalise(raw).orElseThrow();

        assertThat(RecipientAddresses.mixedScripts(normal))
                .contains(new RecipientAddresses.MixedLabel(label, List.of(scripts.split(", "))));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ann@example.test", "ann@b\u00fccher.example", "ann@\u043f\u0440\u0438\u043c\u0435\u0440.example",
        "ann@\u30c9\u30e1\u30a4\u30f3\u540d\u4f8b.jp", "ann@\ud55c\uad6d\u8a9eabc.kr", "ann@shop-24.example",
        "ann@\u043f\u0440\u0438\u043c\u0435\u0440.example.test",
    })
    void takesLabelsOfOneScriptAndTheCjkMixes(String raw) {
        String normal = RecipientAddresses.normalise(raw).orElseThrow();

        assertThat(RecipientAddresses.mixedScripts(normal)).isEmpty();
    }
}
