"""The collaboration app's actions, one module per subdomain; import from the module that owns them."""
