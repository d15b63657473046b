package dev.keel.testbase.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keel's boundaries as ArchUnit rules, kept once here and checked by a small {@code ArchitectureTest} in every
 * module over that module's main AND test classes:
 * <pre>
 * {@literal @}AnalyzeClasses(packages = "dev.keel.router")
 * class ArchitectureTest {
 *     {@literal @}ArchTest
 *     static final ArchTests KEEL = ArchTests.in(KeelArchitecture.class);
 * }
 * </pre>
 * A test-only change that breaks a rule fails that module's build like a main-code one. No rule has an ignore
 * list or a frozen baseline: a violation is fixed, not recorded.
 */
public final class KeelArchitecture {

    /** Where the build puts test classes: the only way a class file tells it is test code. */
    static final DescribedPredicate<JavaClass> MAIN_CODE = DescribedPredicate.describe("are main code",
            c -> c.getSource().map(s -> !s.getUri().toString().contains("/test-classes/")).orElse(true));

    /** A process's entry point ({@code static void main(String[])}): its standard streams are its interface. */
    static final DescribedPredicate<JavaClass> PROGRAM_ENTRY_POINTS = DescribedPredicate.describe("are program entry points",
            c -> c.getMethods().stream().anyMatch(m -> m.getName().equals("main") && m.getModifiers().contains(JavaModifier.STATIC)
                    && m.getRawParameterTypes().size() == 1 && m.getRawParameterTypes().getFirst().isEquivalentTo(String[].class)));

    static final String[] FIXTURE_PACKAGES = {"dev.keel.testsupport..", "dev.keel.testbase.."};

    /** {@code a.b.internal..} is used only from {@code a.b} and its subpackages: the internal boundary Javadoc promises. */
    @ArchTest
    public static final ArchRule NO_OTHER_PACKAGES_INTERNALS = classes().should(new OnlyOwnInternals())
            .because("an internal package is its parent package's implementation, not an API (see each module's README)");

    /** schemas → config → kafka-support → providers → router-worker / slo-streams → … → cli: no arrow points up. */
    @ArchTest
    public static final ArchRule MODULES_ARE_LAYERED = ModuleLayers.rule();

    /** Fixtures are test code: main code never depends on them (tests of every layer may). */
    @ArchTest
    public static final ArchRule MAIN_CODE_USES_NO_TEST_FIXTURES = noClasses().that(MAIN_CODE).and()
            .resideOutsideOfPackages(FIXTURE_PACKAGES).should().dependOnClassesThat().resideInAnyPackage(FIXTURE_PACKAGES)
            .allowEmptyShould(true);

    /**
     * Only command lines write to stdout/stderr: the CLI, bench (a command line too) and a process's own
     * {@code main} (e.g. a test's child process announcing it is ready). Everything else logs.
     */
    @ArchTest
    public static final ArchRule ONLY_COMMAND_LINES_PRINT = noClasses().that().resideOutsideOfPackages("dev.keel.cli..", "dev.keel.bench..")
            .and(not(PROGRAM_ENTRY_POINTS)).should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("services log through SLF4J (STYLE.md: a LOGGER per class); a stray println bypasses levels and masking")
            .allowEmptyShould(true);

    /**
     * A class's logger is {@code private static final}: one per class, shared by its instances, never replaced.
     * The one other shape: a wrapper handed its user's logger in its constructor (so lines carry the user's name,
     * e.g. a rate-limited WARN) keeps it {@code private final}.
     */
    @ArchTest
    public static final ArchRule LOGGERS_ARE_PRIVATE_STATIC_FINAL = fields().that().haveRawType("org.slf4j.Logger")
            .or().haveRawType("java.lang.System$Logger")
            .should(new LoggerFieldShape())
            .allowEmptyShould(true);

    private KeelArchitecture() {
    }
}
