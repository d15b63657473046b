package dev.keel.cli.batch;

import dev.keel.schemas.ErrorInfo;
import dev.keel.schemas.JsonCodec;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;

import java.util.Map;

/**
 * The output line of an input line that no worker answers: a PromptResult with status REJECTED and
 * an error code of keel batch's own, so the output keeps one PromptResult per input line and a reader
 * filters on {@code error.code}: {@code INVALID_LINE} (the line cannot be read; the message names the
 * problem and the line) or {@code JOB_BUDGET} (not sent: {@code --max-cost-usd} would be passed; a
 * rerun with a larger budget sends it).
 */
final class Outputs {

    static final String INVALID_LINE = "INVALID_LINE";
    static final String JOB_BUDGET = "JOB_BUDGET";

    private Outputs() {
    }

    static String unsent(String job, long line, String tenant, String feature, String code, String message, long now) {
        PromptResult result = PromptResult.newBuilder()
                .setRequestId(LineParser.requestId(job, line))
                .setTenantId(tenant == null ? "" : tenant)
                .setFeature(feature == null ? "" : feature)
                .setAttributes(Map.of(LineParser.ATTR_JOB, job, LineParser.ATTR_LINE, String.valueOf(line)))
                .setLane(Lane.BATCH)
                .setStatus(ResultStatus.REJECTED)
                .setCreatedAt(now)
                .setCompletedAt(now)
                .setError(new ErrorInfo(code, message))
                .build();
        return JsonCodec.toJson(result);
    }
}
