package io.fleetpulse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetpulse.error.ProblemException;
import org.junit.jupiter.api.Test;

/** ETags: strong tags of the version, If-Match compared as opaque strings (RFC 9110 section 8.8.3.2). */
class ETagsTest {

    @Test
    void theTagIsTheQuotedVersion() {
        assertThat(ETags.of(0)).isEqualTo("\"0\"");
        assertThat(ETags.of(42)).isEqualTo("\"42\"");
    }

    @Test
    void noHeaderBlankOrStarAcceptsAnyVersion() {
        assertThat(ETags.acceptedVersions(null)).isNull();
        assertThat(ETags.acceptedVersions("  ")).isNull();
        assertThat(ETags.acceptedVersions("*")).isNull();
        assertThat(ETags.acceptedVersions("\"1\", *")).isNull();
    }

    @Test
    void everyListedTagIsAcceptedInOrder() {
        assertThat(ETags.acceptedVersions("\"3\"")).containsExactly(3L);
        assertThat(ETags.acceptedVersions(" \"3\" , \"0\",\"17\" ")).containsExactly(3L, 0L, 17L);
    }

    @Test
    void aLeadingZeroIsAnotherTagAndMatchesNoVersion() {
        assertThat(ETags.acceptedVersions("\"03\"")).isEmpty();
        assertThat(ETags.acceptedVersions("\"00\"")).isEmpty();
        assertThat(ETags.acceptedVersions("\"03\", \"4\"")).containsExactly(4L);
    }

    @Test
    void tagsThatAreNotOursMatchNothing() {
        assertThat(ETags.acceptedVersions("W/\"3\"")).as("a weak tag never matches strongly").isEmpty();
        assertThat(ETags.acceptedVersions("3")).as("unquoted").isEmpty();
        assertThat(ETags.acceptedVersions("\"\"")).isEmpty();
        assertThat(ETags.acceptedVersions("\"+3\"")).isEmpty();
        assertThat(ETags.acceptedVersions("\"-3\"")).isEmpty();
        assertThat(ETags.acceptedVersions("\" 3\"")).isEmpty();
        assertThat(ETags.acceptedVersions("\"abc\"")).isEmpty();
        assertThat(ETags.acceptedVersions("\"99999999999999999999\"")).as("beyond a long").isEmpty();
    }

    @Test
    void checkIfMatchPassesWithoutHeaderWithStarAndWithTheCurrentTag() {
        assertThatCode(() -> ETags.checkIfMatch(null, 3)).doesNotThrowAnyException();
        assertThatCode(() -> ETags.checkIfMatch("", 3)).doesNotThrowAnyException();
        assertThatCode(() -> ETags.checkIfMatch("*", 3)).doesNotThrowAnyException();
        assertThatCode(() -> ETags.checkIfMatch("\"2\", \"3\"", 3)).doesNotThrowAnyException();
    }

    @Test
    void checkIfMatchFailsWithAnotherOrAZeroPaddedTag() {
        assertThatThrownBy(() -> ETags.checkIfMatch("\"2\"", 3)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("\"3\"");
        assertThatThrownBy(() -> ETags.checkIfMatch("\"03\"", 3)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> ETags.checkIfMatch("W/\"3\"", 3)).isInstanceOf(ProblemException.class);
    }
}
