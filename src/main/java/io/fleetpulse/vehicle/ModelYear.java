package io.fleetpulse.vehicle;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Year;
import java.time.ZoneOffset;

/** A model year from 1950 to next year (manufacturers sell next year's models early). */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ModelYear.Validator.class)
public @interface ModelYear {

    int FIRST = 1950;

    String message() default "must be between 1950 and next year";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks against the current UTC year, so the range moves with the calendar. */
    class Validator implements ConstraintValidator<ModelYear, Integer> {
        @Override
        public boolean isValid(Integer value, ConstraintValidatorContext context) {
            return value == null || (value >= FIRST && value <= Year.now(ZoneOffset.UTC).getValue() + 1);
        }
    }
}
