package io.appnet.shell;

import io.appnet.controller.core.Controller;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes app GUIDs: every app that has an app ID. */
@Service
public class AppCompleter implements Completer {

    @Reference
    Controller controller;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> guids = new ArrayList<>();
        controller.network().network().apps().forEach((guid, id) -> guids.add(guid));
        return new StringsCompleter(guids).complete(session, commandLine, candidates);
    }
}
