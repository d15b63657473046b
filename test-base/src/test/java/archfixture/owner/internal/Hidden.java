package archfixture.owner.internal;

/** The implementation detail of {@code archfixture.owner}. */
public final class Hidden {

    public static int answer() {
        return 42;
    }
}
