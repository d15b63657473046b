package dev.keel.testbase.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules bite: each one over small classes made to break it (package {@code archfixture}, outside Keel's). */
class KeelArchitectureTest {

    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages("archfixture");

    @Test
    void shouldFailOnlyTheOutsiderWhenAnotherPackageUsesAnInternalClass() {
        // When
        EvaluationResult result = KeelArchitecture.NO_OTHER_PACKAGES_INTERNALS.evaluate(FIXTURES);

        // Then: the owner and its subpackage may, another package may not
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .allMatch(line -> line.contains("archfixture.outsider.Peeker"))
                .anyMatch(line -> line.contains("archfixture.owner.internal is internal to archfixture.owner"));
    }

    @Test
    void shouldFailAPrintlnButNotAProgramsMainWhenOutsideTheCli() {
        // When
        EvaluationResult result = KeelArchitecture.ONLY_COMMAND_LINES_PRINT.evaluate(FIXTURES);

        // Then
        assertThat(result.getFailureReport().getDetails()).isNotEmpty()
                .allMatch(line -> line.contains("archfixture.printing.Printer"));
    }

    @Test
    void shouldFailAPublicMutableLoggerWhenLoggersMustBePrivateStaticFinal() {
        // When
        EvaluationResult result = KeelArchitecture.LOGGERS_ARE_PRIVATE_STATIC_FINAL.evaluate(FIXTURES);

        // Then
        assertThat(result.getFailureReport().getDetails()).isNotEmpty()
                .allMatch(line -> line.contains("Printer.logger"));
    }

    @Test
    void shouldFailOnlyTheUpwardArrowWhenSchemasUsesConfig() {
        // Given stand-ins for schemas and config code (test classes of this module, in those modules' packages)
        JavaClasses modules = new ClassFileImporter().importPackages("dev.keel.schemas.archfixture", "dev.keel.config.archfixture");

        // When
        EvaluationResult result = KeelArchitecture.MODULES_ARE_LAYERED.evaluate(modules);

        // Then: config -> schemas is down (allowed), schemas -> config is up
        assertThat(result.getFailureReport().getDetails()).isNotEmpty()
                .allMatch(line -> line.contains("dev.keel.schemas.archfixture.UpwardThing") && line.contains("ConfigThing"));
    }

    @Test
    void shouldTellAnInternalPackagesOwnerWhenInternalSegmentsNest() {
        assertThat(OnlyOwnInternals.ownerOf("dev.keel.router.cache.internal")).isEqualTo("dev.keel.router.cache");
        assertThat(OnlyOwnInternals.ownerOf("a.internal.b.internal.c")).isEqualTo("a.internal.b");
        assertThat(OnlyOwnInternals.ownerOf("dev.keel.router.cache")).isNull();
        assertThat(OnlyOwnInternals.ownerOf("dev.keel.internals")).isNull();
        assertThat(OnlyOwnInternals.within("dev.keel.router.cachex", "dev.keel.router.cache")).isFalse();
        assertThat(OnlyOwnInternals.within("dev.keel.router.cache.sub", "dev.keel.router.cache")).isTrue();
    }
}
