/* libFuzzer target: loader.conf and systemd-boot's EFI variables (the
 * same bytes read both ways), and the version comparison. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entries/loader.h"
#include "libkexec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *out = NULL;
	size_t half = size / 2;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (loader_conf_parse(text, size, &out) == 0 && out &&
	    (!out[0] || strchr(out, '\n')))
		abort();
	free(out);
	out = NULL;
	if (efivar_decode_string(data, size, &out) == 0 &&
	    (!out[0] || strchr(out, '\n')))
		abort();
	free(out);
	/* Versions: antisymmetric and reflexive on any two strings. */
	text[half] = '\0';
	if (kx_version_compare(text, text + half + (size > 0)) !=
	    -kx_version_compare(text + half + (size > 0), text))
		abort();
	if (kx_version_compare(text, text) != 0)
		abort();
	free(text);
	return 0;
}
