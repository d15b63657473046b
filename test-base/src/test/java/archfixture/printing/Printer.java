package archfixture.printing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prints instead of logging, and keeps a public, mutable logger: two violations. */
public final class Printer {

    public static Logger logger = LoggerFactory.getLogger(Printer.class);

    public void report(String line) {
        System.out.println(line);
    }
}
