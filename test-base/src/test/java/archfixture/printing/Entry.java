package archfixture.printing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A process's entry point announces itself on stdout (allowed) and logs through a private static final logger. */
public final class Entry {

    private static final Logger LOGGER = LoggerFactory.getLogger(Entry.class);

    private Entry() {
    }

    public static void main(String[] args) {
        LOGGER.info("starting");
        System.out.println("READY");
    }
}
