package dev.ses.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.ses.core");

    @Test
    void coreSpeaksNoWireFormatNorSql() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("jakarta.mail..", "org.eclipse.angus..",
                "java.sql..", "javax.sql..", "org.xbill..").check(CORE);
    }

    @Test
    void theSpiDoesNotReachIntoInternals() {
        noClasses().that().resideInAPackage("dev.ses.core.spi..").should().dependOnClassesThat()
                .resideInAPackage("dev.ses.core.internal..").check(CORE);
    }

    @Test
    void coreNeverReadsTheSystemClock() {
        noClasses().that().resideOutsideOfPackage("dev.ses.core.testing..").and().doNotHaveFullyQualifiedName(
                Ses.Builder.class.getName()).should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Instant.class, "now")
                .check(CORE);
    }
}
