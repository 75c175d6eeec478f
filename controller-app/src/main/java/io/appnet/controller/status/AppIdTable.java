package io.appnet.controller.status;

import io.appnet.compiler.model.Network;
import io.appnet.controller.egress.EgressAddresses;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every app GUID with its app ID, the VXLAN VNI it travels under (the same number) and its per-app NAT address
 * where it has one; destinations with their pseudo app IDs: what a VXLAN-aware firewall that does its own filtering
 * needs to read identities. {@link #etag()} changes exactly when the contents do. Pure.
 */
public record AppIdTable(List<Entry> entries, String etag) {

    /** One app (type {@code app}) or destination (type {@code destination}). */
    public record Entry(String guid, int appId, String type, Optional<String> natAddress) {
    }

    public AppIdTable {
        entries = List.copyOf(entries);
    }

    public static AppIdTable of(Network network, EgressAddresses addresses) {
        List<Entry> entries = new ArrayList<>();
        new TreeMap<>(network.apps().asMap()).forEach((guid, id) -> entries.add(new Entry(guid, id.value(), "app",
                Optional.ofNullable(addresses.apps().get(guid)).map(EgressAddresses.Entry::address))));
        new TreeMap<>(network.egress().destinations().asMap()).forEach((id, destination) -> entries.add(
                new Entry(id, destination.pseudoAppId().value(), "destination", Optional.empty())));
        return new AppIdTable(entries, etag(entries));
    }

    /** A strong ETag: the first 128 bits of the SHA-256 of the entries, quoted. */
    private static String etag(List<Entry> entries) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Entry entry : entries) {
                digest.update((entry.type() + "\0" + entry.guid() + "\0" + entry.appId() + "\0"
                        + entry.natAddress().orElse("") + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return "\"" + HexFormat.of().formatHex(digest.digest(), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
