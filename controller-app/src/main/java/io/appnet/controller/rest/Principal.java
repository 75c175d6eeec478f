package io.appnet.controller.rest;

import io.appnet.controller.policy.PolicySpec;
import java.util.Set;

/**
 * Who a verified token speaks for, the scopes it grants, and the apps (GUIDs) it may name in policies when it
 * is not an admin. Policy-server asks Cloud Controller which apps are in the user's spaces; appnet has no
 * Cloud Controller, so the token says it, in the {@value #APPS_CLAIM} claim.
 */
public record Principal(String subject, String userName, Set<String> scopes, Set<String> apps) {

    public static final String ADMIN = "network.admin";
    public static final String WRITE = "network.write";
    public static final String APPS_CLAIM = "appnet_apps";

    public Principal {
        scopes = Set.copyOf(scopes);
        apps = Set.copyOf(apps);
    }

    public Principal(String subject, String userName, Set<String> scopes) {
        this(subject, userName, scopes, Set.of());
    }

    public boolean isAdmin() {
        return scopes.contains(ADMIN);
    }

    /** As policy-server's policy guard and filter: an admin any policy, anyone else only those between its apps. */
    public boolean mayTouch(PolicySpec policy) {
        return isAdmin() || apps.contains(policy.sourceGuid()) && apps.contains(policy.destinationGuid());
    }
}
