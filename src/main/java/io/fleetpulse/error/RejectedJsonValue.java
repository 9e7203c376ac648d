package io.fleetpulse.error;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

/** A JSON value refused while reading a body, with the reason the problem's field error carries. */
public class RejectedJsonValue extends InvalidFormatException {

    private final String reason;

    public RejectedJsonValue(JsonParser parser, String reason, Object value, Class<?> targetType) {
        super(parser, reason, value, targetType);
        this.reason = reason;
    }

    /** What the field error says, e.g. "must be a finite number". */
    public String reason() {
        return reason;
    }
}
