package io.fleetpulse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetpulse.error.Problem;
import io.fleetpulse.error.ProblemException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Query parameter converters: absent is null, a bad value is a 400 naming the parameter (never JAX-RS's 404). */
class QueryParamsTest {

    enum Colour { RED, GREEN }

    static void assertNamesField(Runnable call, String field, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(400);
            assertThat(e.problem().errors()).containsExactly(new Problem.FieldError(field, message));
        });
    }

    @Test
    void absentOrBlankIsNullForEveryConverter() {
        assertThat(QueryParams.uuid("fleetId", null)).isNull();
        assertThat(QueryParams.uuid("fleetId", " ")).isNull();
        assertThat(QueryParams.integer("limit", null)).isNull();
        assertThat(QueryParams.integer("limit", "")).isNull();
        assertThat(QueryParams.oneOf(Colour.class, "colour", null)).isNull();
        assertThat(QueryParams.oneOf(Colour.class, "colour", "\t")).isNull();
    }

    @Test
    void aUuidIsParsedTrimmed() {
        UUID id = UUID.randomUUID();
        assertThat(QueryParams.uuid("fleetId", " " + id + " ")).isEqualTo(id);
    }

    @Test
    void aNonUuidNamesTheParameter() {
        assertNamesField(() -> QueryParams.uuid("fleetId", "not-a-uuid"), "fleetId", "must be a UUID");
    }

    @Test
    void anIntegerIsParsedTrimmedAndMayBeNegative() {
        assertThat(QueryParams.integer("limit", " 42 ")).isEqualTo(42);
        assertThat(QueryParams.integer("limit", "-7")).isEqualTo(-7);
    }

    @Test
    void aNonIntegerOrOneBeyondAnIntNamesTheParameter() {
        assertNamesField(() -> QueryParams.integer("limit", "1.5"), "limit", "must be an integer");
        assertNamesField(() -> QueryParams.integer("limit", "ten"), "limit", "must be an integer");
        assertNamesField(() -> QueryParams.integer("limit", "2147483648"), "limit", "must be an integer");
    }

    @Test
    void anEnumConstantMustBeNamedExactly() {
        assertThat(QueryParams.oneOf(Colour.class, "colour", " GREEN ")).isEqualTo(Colour.GREEN);
        assertNamesField(() -> QueryParams.oneOf(Colour.class, "colour", "green"), "colour",
                "must be one of [RED, GREEN]");
        assertNamesField(() -> QueryParams.oneOf(Colour.class, "colour", "BLUE"), "colour",
                "must be one of [RED, GREEN]");
    }
}
