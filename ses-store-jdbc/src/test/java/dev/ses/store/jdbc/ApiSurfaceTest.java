package dev.ses.store.jdbc;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.ses.core.ApiSurface;
import org.junit.jupiter.api.Test;

/** ses-store-jdbc's exported package (module-info.java) names none of its internal types in what a user sees. */
class ApiSurfaceTest {
    @Test
    void theExportedPackageNamesNoInternalType() {
        ApiSurface.exportedSignaturesNameNoInternalType("dev.ses.store.jdbc").check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.ses.store.jdbc"));
    }
}
