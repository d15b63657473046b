package dev.keel.schemas.archfixture;

/** Stands for schemas code. */
public final class SchemaThing {
}
