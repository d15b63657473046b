package dev.keel.router.delivery;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Which publish failures are whose fault. A <em>refusal</em> belongs to one outcome (Kafka will never
 * take these records: too large, a topic that refuses them) and is retried a bounded number of times,
 * then replaced by the outcome's fallback. A <em>fatal</em> error belongs to the worker (not authorised,
 * unsupported broker, a static member fenced): it cannot publish anything, so it leaves the group.
 * Everything else is transient (timeouts, a broker away, a coordinator moving, an aborted transaction)
 * and retried without limit while the worker reports itself degraded.
 */
final class PublishErrors {

    private PublishErrors() {
    }

    static boolean isRefusal(Throwable e) {
        return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidTopicException || e instanceof InvalidRecordException
                || e instanceof SerializationException
                || e instanceof TopicAuthorizationException;
    }

    static boolean isFatal(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            if (t instanceof TransactionalIdAuthorizationException || t instanceof ClusterAuthorizationException
                    || t instanceof AuthenticationException || t instanceof UnsupportedVersionException
                    || t instanceof FencedInstanceIdException
                    || t instanceof AuthorizationException && !(t instanceof TopicAuthorizationException)) {
                return true;
            }
        }
        return false;
    }

    /** One line for logs and the status report: type and message, no stack. */
    static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
