// The rules for files attached to dossiers, pure (no I/O): the form of a content hash, the
// display name a user's file name becomes, what a command's attachment list must satisfy, and
// who may attach an uploaded file to a dossier. DossierService applies them with the records of
// the attachment store (ports/attachment_store.hpp); http/multipart.hpp uses the name rule.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/ports/attachment_store.hpp"
#include "core/workflow/dossier.hpp"

namespace motcua::core::workflow {

// At most this many attachments in one submission or supplement.
inline constexpr std::size_t kMaxAttachmentsPerCommand = 50;
// Display names are cut to this many bytes (at a character boundary, keeping the extension).
inline constexpr std::size_t kMaxDisplayNameBytes = 200;
// The display name given to a file whose name is empty or nothing but removed characters.
inline constexpr std::string_view kDefaultDisplayName = "tệp đính kèm";

// True for exactly 64 lower-case hexadecimal digits.
bool IsSha256Hex(std::string_view text);

// The display form of a user-supplied file name; never used as a path. Keeps the part after
// the last '/' or '\', drops control characters (C0, DEL, C1) and bidirectional-override
// characters, replaces invalid UTF-8 by '_', trims spaces (and trailing dots), and cuts the
// result to kMaxDisplayNameBytes. An empty result, "." or ".." becomes kDefaultDisplayName.
std::string SanitizeDisplayName(std::string_view raw);

// Checks the attachment list of a submission or supplement against the component codes the
// same command hands in: at most kMaxAttachmentsPerCommand entries, each with a well-formed
// sha256 and a component listed in `components`, no (component, sha256) pair twice.
// kInvalidArgument naming the entry ("attachments[2].component") otherwise.
[[nodiscard]] Result<void> ValidateAttachmentRefs(const std::vector<AttachmentRef>& refs,
                                                  const std::vector<std::string>& components);

// Whether `actor` may attach the content of `upload` to a dossier: the uploader themself; an
// officer (one-stop officer, specialist, agency leader) when the upload was made by an officer
// acting for an agency in the actor's `scope` (their agency and those below it); the system
// actor always. Content already attached to the dossier may be referenced again by anyone who
// may act on it — DossierService checks that before asking this.
bool MayUseUpload(const Actor& actor,
                  std::span<const std::string> scope,
                  const ports::AttachmentMeta& upload);

}  // namespace motcua::core::workflow
