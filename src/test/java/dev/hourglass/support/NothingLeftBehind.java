package dev.hourglass.support;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The invariant checked after each test of the room, contact, relay and y-webrtc suites, once their clients are gone:
 * every room, listened key, relay room, topic and subscription was given back, and, in the Redis mode, no presence is
 * left in Redis (registrations and the node's heartbeat stay, as they should).
 */
public final class NothingLeftBehind {

    private NothingLeftBehind() {
    }

    public static void check() throws Exception {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var health = given().get("/health").then().statusCode(200).extract().jsonPath();
            assertThat(health.getInt("rooms")).as("rooms still held after every client left").isZero();
            assertThat(health.getInt("contactKeys")).as("contact keys still held after every client left").isZero();
            assertThat(health.getInt("relayRooms")).as("relay rooms still held after every client left").isZero();
            assertThat(health.getInt("yjsTopics")).as("y-webrtc topics still held after every client left").isZero();
            assertThat(health.getInt("realms")).as("realms still held after every client left").isZero();
        });
        RedisServer redis = RedisResource.server();
        if (redis != null) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(redis.cli("--scan", "--pattern", "hg:p:*").trim()).as("presence left in Redis").isEmpty();
                assertThat(redis.cli("--scan", "--pattern", "hg:n:*").trim()).as("a node index left in Redis").isEmpty();
            });
        }
    }
}
