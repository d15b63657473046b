package archfixture.owner;

import archfixture.owner.internal.Hidden;

/** The owner's API uses its internal class: allowed. */
public final class Front {

    public int answer() {
        return Hidden.answer();
    }
}
