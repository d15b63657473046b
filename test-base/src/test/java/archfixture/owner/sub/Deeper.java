package archfixture.owner.sub;

import archfixture.owner.internal.Hidden;

/** A subpackage of the owner uses its internal class: allowed. */
public final class Deeper {

    public int answer() {
        return Hidden.answer();
    }
}
