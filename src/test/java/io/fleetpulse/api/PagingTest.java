package io.fleetpulse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.error.Problem;
import io.fleetpulse.error.ProblemException;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paging: parameter validation (each field named) and the X-Total-Count and RFC 8288 Link headers. */
class PagingTest {

    /** Default page size 50, at most 200. */
    static final FleetPulseConfig.Api LIMITS = new FleetPulseConfig.Api() {
        @Override
        public MemorySize maxBodySize() {
            return new MemorySize(java.math.BigInteger.valueOf(65536));
        }

        @Override
        public int defaultPageSize() {
            return 50;
        }

        @Override
        public int maxPageSize() {
            return 200;
        }

        @Override
        public Duration idempotencyKeyTtl() {
            return Duration.ofHours(24);
        }
    };

    /** A request URI as the server saw it: absolute when it had a Host, else only a path and a query. */
    static UriInfo request(String absolute, String path, MultivaluedMap<String, String> query) {
        return (UriInfo) Proxy.newProxyInstance(PagingTest.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestUri" -> absolute == null ? URI.create(path) : URI.create(absolute);
                    case "getPath" -> path;
                    // RESTEasy Reactive supports only the decoded parameters (getQueryParameters(false) throws)
                    case "getQueryParameters" -> {
                        if (args != null && args.length == 1 && Boolean.FALSE.equals(args[0])) {
                            throw new IllegalArgumentException("We do not support non-decoded parameters");
                        }
                        yield query;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static UriInfo absolute(String uri) {
        return request(uri, URI.create(uri).getPath(), null);
    }

    static String link(Response response) {
        return response.getHeaderString("Link");
    }

    static List<String> fieldsOf(ProblemException e) {
        return e.problem().errors().stream().map(Problem.FieldError::field).toList();
    }

    @Test
    void absentOrBlankParametersAreTheFirstPageOfTheDefaultSize() {
        assertThat(Paging.of(null, null, LIMITS)).isEqualTo(new Paging(0, 50));
        assertThat(Paging.of(" ", "", LIMITS)).isEqualTo(new Paging(0, 50));
        assertThat(Paging.of(" 2 ", "10", LIMITS)).isEqualTo(new Paging(2, 10));
        assertThat(Paging.of("0", "200", LIMITS)).isEqualTo(new Paging(0, 200));
        assertThat(Paging.of("0", "1", LIMITS)).isEqualTo(new Paging(0, 1));
    }

    @Test
    void aNonNumberNamesItsField() {
        assertThatThrownBy(() -> Paging.of("x", "y", LIMITS)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(fieldsOf(e)).containsExactly("page", "size"));
        assertThatThrownBy(() -> Paging.of("1.5", null, LIMITS)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(fieldsOf(e)).containsExactly("page"));
    }

    @Test
    void outOfRangeValuesNameTheirField() {
        assertThatThrownBy(() -> Paging.of("-1", null, LIMITS)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(fieldsOf(e)).containsExactly("page"));
        assertThatThrownBy(() -> Paging.of(null, "0", LIMITS)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(fieldsOf(e)).containsExactly("size"));
        assertThatThrownBy(() -> Paging.of(null, "201", LIMITS)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(fieldsOf(e)).containsExactly("size"));
        assertThatThrownBy(() -> Paging.of("-1", "201", LIMITS)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(fieldsOf(e)).containsExactly("page", "size"));
    }

    @Test
    void aPageWhoseOffsetOverflowsAnIntIsRejected() {
        int lastValid = Integer.MAX_VALUE / 200 - 1;
        assertThat(Paging.of(String.valueOf(lastValid), "200", LIMITS).page()).isEqualTo(lastValid);
        assertThatThrownBy(() -> Paging.of(String.valueOf(lastValid + 1), "200", LIMITS))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(fieldsOf(e)).containsExactly("page");
                    assertThat(e.problem().errors().get(0).message()).contains(String.valueOf(lastValid));
                });
    }

    @Test
    void aMiddlePageLinksFirstPrevNextAndLastAndCountsTheTotal() {
        Response response = new Paging(1, 10).respond(List.of(), 35, absolute("http://h/api/x?page=1&size=10"))
                .build();
        assertThat(response.getHeaderString(Paging.TOTAL_COUNT)).isEqualTo("35");
        assertThat(link(response)).isEqualTo("<http://h/api/x?page=0&size=10>; rel=\"first\", "
                + "<http://h/api/x?page=0&size=10>; rel=\"prev\", "
                + "<http://h/api/x?page=2&size=10>; rel=\"next\", "
                + "<http://h/api/x?page=3&size=10>; rel=\"last\"");
    }

    @Test
    void theFirstPageHasNoFirstOrPrevAndTheLastNoNext() {
        assertThat(link(new Paging(0, 10).respond(List.of(), 20, absolute("http://h/a?size=10")).build()))
                .isEqualTo("<http://h/a?page=1&size=10>; rel=\"next\", <http://h/a?page=1&size=10>; rel=\"last\"");
        assertThat(link(new Paging(1, 10).respond(List.of(), 20, absolute("http://h/a?page=1&size=10")).build()))
                .isEqualTo("<http://h/a?page=0&size=10>; rel=\"first\", <http://h/a?page=0&size=10>; rel=\"prev\", "
                        + "<http://h/a?page=1&size=10>; rel=\"last\"");
    }

    @Test
    void anEmptyListHasOnlyALastLinkToPageZero() {
        assertThat(link(new Paging(0, 10).respond(List.of(), 0, absolute("http://h/a?page=0&size=10")).build()))
                .isEqualTo("<http://h/a?page=0&size=10>; rel=\"last\"");
    }

    @Test
    void aPageBeyondTheEndLinksPrevToTheLastPage() {
        assertThat(link(new Paging(9, 10).respond(List.of(), 25, absolute("http://h/a?page=9&size=10")).build()))
                .isEqualTo("<http://h/a?page=0&size=10>; rel=\"first\", <http://h/a?page=2&size=10>; rel=\"prev\", "
                        + "<http://h/a?page=2&size=10>; rel=\"last\"");
    }

    @Test
    void otherQueryParametersAreKept() {
        assertThat(link(new Paging(0, 5).respond(List.of(), 5, absolute("http://h/a?status=ACTIVE")).build()))
                .isEqualTo("<http://h/a?status=ACTIVE&page=0&size=5>; rel=\"last\"");
    }

    @Test
    void encodedValuesStayDataNotSeparatorsOrTemplates() {
        assertThat(link(new Paging(0, 5).respond(List.of(), 5, absolute("http://h/a?q=a%26b&t=%7Bx%7D")).build()))
                .isEqualTo("<http://h/a?q=a%26b&t=%7Bx%7D&page=0&size=5>; rel=\"last\"");
    }

    @Test
    void withoutOtherQueryParametersTheLinkHasNoStrayAmpersand() {
        assertThat(link(new Paging(0, 5).respond(List.of(), 5, absolute("http://h/a")).build()))
                .isEqualTo("<http://h/a?page=0&size=5>; rel=\"last\"");
        assertThat(link(new Paging(0, 5).respond(List.of(), 5, absolute("http://h/a?access_token=secret")).build()))
                .isEqualTo("<http://h/a?page=0&size=5>; rel=\"last\"");
        assertThat(link(new Paging(0, 5).respond(List.of(), 5, absolute("http://h/a?page=3&size=9")).build()))
                .isEqualTo("<http://h/a?page=0&size=5>; rel=\"last\"");
    }

    @Test
    void theAccessTokenNeverTravelsIntoALink() {
        String links = link(new Paging(0, 5).respond(List.of(), 50,
                absolute("http://h/a?access_token=secret&status=ACTIVE")).build());
        assertThat(links).doesNotContain("secret").doesNotContain("access_token").contains("status=ACTIVE");
    }

    @Test
    void withoutAHostTheLinksAreRelativeReferences() {
        MultivaluedMap<String, String> query = new MultivaluedHashMap<>(); // decoded, as RESTEasy gives them
        query.add("status", "ACTIVE");
        query.add("access_token", "secret");
        assertThat(link(new Paging(0, 5).respond(List.of(), 5, request(null, "/api/a", query)).build()))
                .isEqualTo("</api/a?status=ACTIVE&page=0&size=5>; rel=\"last\"");
        assertThat(link(new Paging(0, 5).respond(List.of(), 5, request(null, "/api/a", new MultivaluedHashMap<>()))
                .build())).isEqualTo("</api/a?page=0&size=5>; rel=\"last\"");
    }
}
