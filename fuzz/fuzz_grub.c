/* libFuzzer target: grub.cfg with a grubenv (the input split at the first
 * NUL byte), and the default matched against every entry. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entries/grub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(data, '\0', size);
	size_t cfg_len = nul ? (size_t)(nul - text) : size;
	const char *env = nul ? nul + 1 : NULL;
	size_t env_len = nul ? size - cfg_len - 1 : 0;
	struct kx_entry_list list = {0};
	struct grub_vars vars = {0};
	char *dflt;

	if (grub_parse(text, cfg_len, env, env_len, NULL, "grub.cfg", &list,
		       &dflt))
		return 0;
	for (size_t i = 0; i < list.n; i++) {
		const struct kx_entry *e = &list.v[i].pub;

		/* Only entries with a kernel are recorded, fully filled. */
		if (!e->kernel || !e->kernel[0] || !e->id || !e->title ||
		    !e->options)
			abort();
		(void)grub_matches(&list.v[i], dflt);
		ent_rec_free(&list.v[i]);
	}
	free(list.v);
	free(dflt);
	if (env)
		(void)grubenv_parse(env, env_len, &vars);
	grub_vars_free(&vars);
	return 0;
}
