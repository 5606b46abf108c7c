package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ses.core.spi.LookupHooks;
import dev.ses.core.testing.SesFixture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Another call may insert the same key between a service's duplicate check and its own insert; the store then
 * refuses the insert, and the caller must read the same refusal as the check would have given. The store here
 * hides what its lookups find of one kind, so every check passes and the store's refusal is the one seen.
 */
class RacedDuplicateTest {
    private final AtomicReference<Predicate<Object>> hidden = new AtomicReference<>(found -> false);
    private final SesFixture f = SesFixture.create(
            LookupHooks.on(new InMemoryStore(), found -> found.filter(hidden.get().negate())), b -> b);

    @AfterEach
    void close() {
        f.close();
    }

    /** The store's refusal of a duplicate that the check missed, once it is known to read as the check's own. */
    private SesException racedRefusal(Class<?> kind, ThrowingCallable create) {
        SesException checked = catchThrowableOfType(SesException.class, create);
        hidden.set(kind::isInstance);
        SesException raced = catchThrowableOfType(SesException.class, create);
        assertThat(checked.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(raced.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(raced).hasMessage(checked.getMessage()).cause().isInstanceOf(SesException.class);
        return raced;
    }

    @Test
    void aDomainNamesItselfAndItsAccount() {
        assertThat(racedRefusal(SenderDomain.class, () -> f.account().domains().create(SesFixture.DOMAIN)))
                .hasMessage("domain: 'mail.example.test' already exists in account test");
        assertThat(f.store().domains().list(SesFixture.ACCOUNT)).hasSize(1);
    }

    @Test
    void anAddressNamesItsMailbox() {
        assertThat(racedRefusal(SenderAddress.class,
                () -> f.account().addresses().create(SesFixture.DOMAIN, "noreply", "Again")))
                .hasMessage("localPart: 'noreply@mail.example.test' already exists in account test");
    }

    @Test
    void aTemplateNamesItsName() {
        f.account().templates().create("welcome", TemplateType.TEXT, "Hi");
        assertThat(racedRefusal(Template.class,
                () -> f.account().templates().create("welcome", TemplateType.TEXT, "Hello")))
                .hasMessage("name: template 'welcome' already exists in account test");
    }

    @Test
    void aGroupNamesItsName() {
        f.account().groups().create("customers", "");
        assertThat(racedRefusal(RecipientGroup.class, () -> f.account().groups().create("customers", "again")))
                .hasMessage("name: group 'customers' already exists in account test");
    }
}
