#!/usr/bin/env node
// Entry point of the imr command.
import { main } from "./program.js";

await main(process.argv);
