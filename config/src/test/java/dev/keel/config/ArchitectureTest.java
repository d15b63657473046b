package dev.keel.config;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.keel.testbase.arch.KeelArchitecture;

/** Keel's architecture rules (test-base) over this module's main and test classes. */
@AnalyzeClasses(packages = "dev.keel.config")
class ArchitectureTest {

    @ArchTest
    static final ArchTests KEEL = ArchTests.in(KeelArchitecture.class);
}
