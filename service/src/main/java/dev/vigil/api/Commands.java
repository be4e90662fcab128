package dev.vigil.api;

import dev.vigil.command.Actor;
import dev.vigil.command.Command;
import dev.vigil.command.CommandExecutor;
import dev.vigil.command.CommandResult;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;

/** Runs a command for an API caller as the token it presented, and turns a refusal into the matching 4xx. */
final class Commands {
    private Commands() {
    }

    static Actor actor(ApiPrincipal who) {
        return new Actor.Token(who.getName(), who.role());
    }

    /** What the command made or changed, as {@code type}; a refusal is thrown as its HTTP error. */
    static <T> T run(CommandExecutor executor, ApiPrincipal who, Command command, Class<T> type) {
        CommandResult result = executor.execute(actor(who), command);
        if (result instanceof CommandResult.Done d) {
            return type.cast(d.value());
        }
        CommandResult.Refused r = (CommandResult.Refused) result;
        throw switch (r.reason()) {
            case FORBIDDEN -> new ForbiddenException(r.message());
            case NOT_FOUND -> new NotFoundException(r.message());
            case CONFLICT -> new ClientErrorException(r.message(), Response.Status.CONFLICT);
            case INVALID -> new BadRequestException(r.message());
        };
    }
}
