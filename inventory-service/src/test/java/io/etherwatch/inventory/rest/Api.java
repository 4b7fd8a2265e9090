package io.etherwatch.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The calls the route tests make, and the error answer (DESIGN section 4) they check. */
final class Api {
  private Api() {}

  /** A request with {@code token} as its bearer. */
  static RequestSpecification as(String token) {
    return given().auth().oauth2(token);
  }

  /** GET of {@code pathAndQuery} with {@code token}, its segments and values already encoded. */
  static Response getEncoded(String token, String pathAndQuery) {
    return as(token).urlEncodingEnabled(false).get(pathAndQuery);
  }

  /** Asserts a 400 {@code bad_request} with a message, ready for more assertions. */
  static ValidatableResponse badRequest(Response response) {
    return response
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", not(emptyOrNullString()));
  }

  /** {@code value} percent-encoded as one path segment or query value (space as %20). */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
