package io.appnet.openflow.match;

import java.util.Random;

/** Test-only: random matches that Open vSwitch accepts (prerequisites met, values in OVS's ranges). */
final class RandomMatches {
    private RandomMatches() {
    }

    static Match generate(Random r) {
        MatchBuilder b = Match.builder();
        if (r.nextInt(3) == 0) {
            b.inPort(r.nextBoolean() ? r.nextInt(0xff00) : 0xfffffff7L + r.nextInt(9));
        }
        if (r.nextInt(4) == 0) {
            b.ethSrc(r.nextLong() & 0xffffffffffffL);
        }
        if (r.nextInt(4) == 0) {
            long mask = nonZero(r, 0xffffffffffffL);
            b.ethDst(r.nextLong() & mask, mask);
        }
        switch (r.nextInt(7)) {
            case 0 -> b.ip().ipProto(r.nextInt(256));
            case 1 -> {
                int mask = 0xffff << r.nextInt(16) & 0xffff;
                ipv4(r, b.tcp()).tcpSrc(r.nextInt(0x10000)).tcpDst(r.nextInt(0x10000) & mask, mask);
            }
            case 2 -> ipv4(r, b.udp()).udpDst(r.nextInt(0x10000));
            case 3 -> ipv4(r, b.icmp()).icmpType(r.nextInt(256)).icmpCode(r.nextInt(256));
            case 4 -> b.arp().arpOp(r.nextInt(256)).arpSpa(ip(r)).arpTpa("10.0.0.0/8").arpSha(mac(r));
            case 5 -> b.ethType(r.nextInt(0x10000));
            default -> { }
        }
        for (int reg = 0; reg < 16; reg++) {
            if (r.nextInt(8) == 0) {
                long mask = r.nextBoolean() ? 0xffffffffL : nonZero(r, 0xffffffffL);
                b.reg(reg, r.nextLong() & mask, mask);
            }
        }
        if (r.nextInt(3) == 0) {
            b.tunnelId(r.nextBoolean() ? r.nextInt(1 << 24) : r.nextLong());
        }
        if (r.nextInt(5) == 0) {
            b.tunIpv4Src(ip(r)).tunIpv4Dst(ip(r) + "/32");
        }
        if (r.nextInt(4) == 0) {
            long mask = nonZero(r, -1L);
            b.metadata(r.nextLong() & mask, mask);
        }
        if (r.nextInt(3) == 0) {
            int mask = 1 + r.nextInt(255);
            b.ctState(new CtState(r.nextInt(256) & mask, mask));
        }
        if (r.nextInt(5) == 0) {
            b.ctZone(r.nextInt(0x10000)).ctMark(r.nextInt() & 0xffL);
        }
        if (r.nextInt(6) == 0) {
            b.conjId(r.nextInt() & 0xffffffffL);
        }
        return b.build();
    }

    private static MatchBuilder ipv4(Random r, MatchBuilder b) {
        if (r.nextBoolean()) {
            b.ipv4Src(ip(r));
        }
        if (r.nextBoolean()) {
            int prefix = 1 + r.nextInt(32);
            b.ipv4Dst(r.nextInt() & (int) AddressText.prefixMask(prefix), prefix);
        }
        return b;
    }

    private static long nonZero(Random r, long bits) {
        long v;
        do {
            v = r.nextLong() & bits;
        } while (v == 0);
        return v;
    }

    private static String ip(Random r) {
        return AddressText.formatIpv4(r.nextInt() & 0xffffffffL);
    }

    private static String mac(Random r) {
        return AddressText.formatMac(r.nextLong() & 0xffffffffffffL);
    }
}
