package io.appnet.controller.rest;

import java.util.Set;

/** Who a verified token speaks for, and the scopes it grants. */
public record Principal(String subject, String userName, Set<String> scopes) {

    public static final String ADMIN = "network.admin";
    public static final String WRITE = "network.write";

    public Principal {
        scopes = Set.copyOf(scopes);
    }

    public boolean isAdmin() {
        return scopes.contains(ADMIN);
    }
}
