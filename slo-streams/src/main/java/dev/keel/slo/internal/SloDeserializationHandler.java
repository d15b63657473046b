package dev.keel.slo.internal;

import dev.keel.schemas.UndecodableException;
import dev.keel.slo.SloMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Skips an input record that cannot be decoded: logs where it was and why (never its bytes), counts
 * it in {@link SloMetrics}, and lets the app go on. One bad record must not stop the SLO engine.
 * Created by Kafka Streams from its config; the metrics come in under {@link SloMetrics#CONFIG_KEY}.
 */
public final class SloDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOGGER = LoggerFactory.getLogger(SloDeserializationHandler.class);

    private SloMetrics metrics = SloMetrics.standalone();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(SloMetrics.CONFIG_KEY) instanceof SloMetrics given) {
            metrics = given;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String reason = exception instanceof UndecodableException undecodable ? undecodable.failure().toString()
                : exception.getClass().getSimpleName() + (exception.getMessage() == null ? "" : ": " + exception.getMessage());
        LOGGER.warn("undecodable record skipped topic={} partition={} offset={} reason={}",
                context.topic(), context.partition(), context.offset(), reason);
        LOGGER.debug("undecodable record detail topic={} offset={}", context.topic(), context.offset(), exception);
        metrics.undecodable(context.topic());
        return Response.resume();
    }
}
