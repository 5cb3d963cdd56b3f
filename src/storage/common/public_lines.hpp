// The stored form of new public-timeline lines (SQLite: dossiers.timeline; PostgreSQL:
// dossier_public.timeline), one definition for every back end.
#pragma once

#include <span>
#include <string>

#include "core/workflow/dossier.hpp"

namespace motcua::storage {

// The timeline lines of `events` (giving the projection `after`) as stored: the JSON objects of
// their public entries (EncodePublicEntry), joined by commas, without brackets; empty when none
// of the events is public.
std::string PublicTimelineLines(std::span<const core::workflow::Event> events,
                                const core::workflow::Dossier& after);

}  // namespace motcua::storage
