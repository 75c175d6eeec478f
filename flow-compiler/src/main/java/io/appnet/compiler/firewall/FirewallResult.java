package io.appnet.compiler.firewall;

/** Either the complete rules for a firewall, or a refusal saying what does not fit: never a part of the rules. */
public sealed interface FirewallResult permits FirewallRules, Refusal {
}
