package dev.hourglass.net;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTest {

    @Test
    void anIpv4AddressCountsAsItself() {
        assertThat(ClientAddress.limitKey("203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void anIpv6AddressCountsByItsSlash64WhateverItsSpelling() {
        String key = ClientAddress.limitKey("2001:db8:1:2:3:4:5:6");
        assertThat(ClientAddress.limitKey("2001:db8:1:2::7")).isEqualTo(key);
        assertThat(ClientAddress.limitKey("2001:0db8:0001:0002:ffff:0:0:1")).isEqualTo(key);
        assertThat(ClientAddress.limitKey("[2001:db8:1:2::8]")).isEqualTo(key);
        assertThat(ClientAddress.limitKey("2001:db8:1:3::1")).isNotEqualTo(key);
        assertThat(ClientAddress.limitKey("2002:db8:1:2::1")).isNotEqualTo(key);
    }

    @Test
    void anIpv4MappedAddressCountsAsTheIpv4One() {
        assertThat(ClientAddress.limitKey("::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void whatIsNotAnIpAddressSharesOneKey() {
        assertThat(ClientAddress.limitKey(null)).isEqualTo(ClientAddress.UNKNOWN);
        assertThat(ClientAddress.limitKey("")).isEqualTo(ClientAddress.UNKNOWN);
        assertThat(ClientAddress.limitKey("not:an:address")).isEqualTo(ClientAddress.UNKNOWN);
    }
}
