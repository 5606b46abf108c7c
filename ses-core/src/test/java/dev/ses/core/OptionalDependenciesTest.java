package dev.ses.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.ses.core.testing.SesExtension;
import org.junit.jupiter.api.Test;

/**
 * ses-core's optional dependencies stay in the classes that need them, so an application without them never loads
 * one: Micrometer in {@link SesMetrics}, JUnit in the test fixtures' {@link SesExtension}.
 */
class OptionalDependenciesTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.ses.core");

    @Test
    void onlySesMetricsUsesMicrometer() {
        noClasses().that().doNotHaveFullyQualifiedName(SesMetrics.class.getName()).should().dependOnClassesThat()
                .resideInAPackage("io.micrometer..").check(CORE);
    }

    @Test
    void onlyTheTestFixturesUseJUnit() {
        noClasses().that().resideOutsideOfPackage("dev.ses.core.testing").should().dependOnClassesThat()
                .resideInAPackage("org.junit..").check(CORE);
    }
}
