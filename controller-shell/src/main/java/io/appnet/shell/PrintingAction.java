package io.appnet.shell;

import io.appnet.controller.egress.EgressException;
import io.appnet.controller.firewall.FirewallException;
import io.appnet.controller.policy.PolicyException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.CommandException;

/**
 * A command that computes its whole output as text and prints it: the shell shows it in interactive and batch
 * sessions ({@code bin/client -b} does not print returned values), and a test reads {@link #run()}. A refused
 * request is the user's mistake, not the controller's: it is shown with its message and not logged as an error.
 */
abstract class PrintingAction implements Action {

    @Override
    public final Object execute() throws Exception {
        String output;
        try {
            output = run();
        } catch (PolicyException | EgressException | FirewallException | IllegalArgumentException
                 | IllegalStateException refused) {
            throw new CommandException(refused.getMessage());
        }
        System.out.println(output);
        return null;
    }

    abstract String run() throws Exception;
}
