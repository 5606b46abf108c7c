package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * ses-core's exported packages (module-info.java) name none of its internal types in what a user sees. Public so
 * that its nested sample {@link Leaky} is visible API for the rule.
 */
public class ApiSurfaceTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.ses.core");

    @Test
    void theExportedPackagesNameNoInternalType() {
        ApiSurface.exportedSignaturesNameNoInternalType("dev.ses.core", "dev.ses.core.spi", "dev.ses.core.testing")
                .check(CORE);
    }

    /** The rule itself: a public type that leaks an internal one in its signature is reported, with the member. */
    public static final class Leaky {
        /** Leaks the internal type as its return type. */
        public dev.ses.core.internal.Json json() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void theRuleReportsAPublicMethodThatReturnsAnInternalType() {
        JavaClasses leaky = new ClassFileImporter().importClasses(Leaky.class);
        assertThatThrownBy(() -> ApiSurface.exportedSignaturesNameNoInternalType("dev.ses.core").check(leaky))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Leaky.json()")
                .hasMessageContaining("names the internal type dev.ses.core.internal.Json");
    }
}
