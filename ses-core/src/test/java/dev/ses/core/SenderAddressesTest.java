package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.testing.SesExtension;
import dev.ses.core.testing.SesFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SesExtension.class)
class SenderAddressesTest {
    private static ErrorCode code(Throwable t) {
        return ((SesException) t).code();
    }

    @Test
    void createsAnAddressWithItsPreview(SesFixture f) {
        SenderAddress a = f.account().addresses().create(SesFixture.DOMAIN, "billing", "Acme Billing");
        assertThat(a.email()).isEqualTo("billing@mail.example.test");
        assertThat(a.preview()).isEqualTo("Acme Billing <billing@mail.example.test>");
        assertThat(f.account().addresses().get("billing@MAIL.example.test")).isEqualTo(a);
        assertThat(f.account().addresses().create(SesFixture.DOMAIN, "plain", "").preview())
                .isEqualTo("plain@mail.example.test");
        assertThat(f.account().addresses().create(SesFixture.DOMAIN, "q", "Acme, Inc.").preview())
                .isEqualTo("\"Acme, Inc.\" <q@mail.example.test>");
    }

    @Test
    void localPartsMustBeDotAtoms(SesFixture f) {
        for (String bad : new String[] {"", ".lead", "trail.", "two..dots", "sp ace", "quo\"te", "a@b", "x".repeat(65),
                "new\nline"}) {
            assertThatThrownBy(() -> f.account().addresses().create(SesFixture.DOMAIN, bad, "X")).as(bad)
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_SENDER_ADDRESS))
                    .hasMessageContaining("localPart");
        }
        assertThat(f.account().addresses().create(SesFixture.DOMAIN, "o'brien+news_1", "").email())
                .isEqualTo("o'brien+news_1@mail.example.test");
    }

    @Test
    void displayNamesWithLineBreaksAreRefused(SesFixture f) {
        assertThatThrownBy(() -> f.account().addresses().create(SesFixture.DOMAIN, "x", "Evil\r\nBcc: all@x.test"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_SENDER_ADDRESS))
                .hasMessageContaining("displayName");
        assertThat(f.account().addresses().find("x@mail.example.test")).isEmpty();
    }

    @Test
    void atMostTenPerDomainAndNoDuplicates(SesFixture f) {
        for (int i = 1; i < 10; i++) {
            f.account().addresses().create(SesFixture.DOMAIN, "a" + i, "");
        }
        assertThatThrownBy(() -> f.account().addresses().create(SesFixture.DOMAIN, "a10", ""))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.ADDRESS_LIMIT_REACHED))
                .hasMessageContaining("10");
        assertThatThrownBy(() -> f.account().addresses().create(SesFixture.DOMAIN, "a1", ""))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThat(f.account().addresses().list(PageRequest.first()).total()).isEqualTo(10);
    }

    @Test
    void theLimitIsConfigurable() {
        try (SesFixture f = SesFixture.withLimits(SesLimits.defaults().withMaxAddressesPerDomain(2))) {
            f.account().addresses().create(SesFixture.DOMAIN, "second", "");
            assertThatThrownBy(() -> f.account().addresses().create(SesFixture.DOMAIN, "third", ""))
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.ADDRESS_LIMIT_REACHED));
        }
    }

    @Test
    void deleteRemovesOnlyThisAccountsAddress(SesFixture f) {
        assertThatThrownBy(() -> f.ses().account("other").addresses().delete(SesFixture.SENDER))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
        f.account().addresses().delete(SesFixture.SENDER);
        assertThat(f.account().addresses().find(SesFixture.SENDER)).isEmpty();
        assertThatThrownBy(() -> f.account().addresses().delete(SesFixture.SENDER))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
