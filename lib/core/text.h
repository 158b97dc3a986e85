/* Small text helpers shared by the memory map parsers. */
#ifndef KX_CORE_TEXT_H
#define KX_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse all of S[0, LEN) as a hexadecimal number, with an optional 0x
 * prefix when PREFIX_OK.  Returns 0, -EINVAL (empty or not hexadecimal) or
 * -ERANGE (more than 64 bits). */
int text_parse_hex(const char *s, size_t len, bool prefix_ok, uint64_t *out);

/* S[0, LEN) made safe to put in a one-line message: non-printable bytes as
 * \xNN, cut with "..." when long.  Returns OUT. */
const char *text_quote(const char *s, size_t len, char *out, size_t outlen);

/* "4 KiB", "1.5 GiB", "123 bytes": sizes in messages people read. */
const char *text_size(uint64_t bytes, char *out, size_t outlen);

/* Length of the command-line word starting at S: up to white space
 * outside double quotes, as the kernel's next_arg() reads it. */
size_t text_word_len(const char *s);

#endif
