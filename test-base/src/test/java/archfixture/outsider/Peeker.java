package archfixture.outsider;

import archfixture.owner.internal.Hidden;

/** Another package reaches into the owner's internal package: the violation. */
public final class Peeker {

    public int answer() {
        return Hidden.answer();
    }
}
